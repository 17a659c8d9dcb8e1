// React Native's fetch reads a body only once it has all arrived; expo/fetch streams it (the live
// events' stream never ends).
import { fetch as expoFetch } from 'expo/fetch';

export const streamFetch = expoFetch as unknown as typeof fetch;
