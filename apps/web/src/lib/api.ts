// Types of the API's answers, read off the router (no hand-written copies).
import type { AppRouter } from '@flux/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type Outputs = inferRouterOutputs<AppRouter>;
export type Inputs = inferRouterInputs<AppRouter>;
