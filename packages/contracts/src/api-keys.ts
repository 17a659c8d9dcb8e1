// The public API's key scopes: what a key may read or write, per resource. Shared by the server
// (the check) and the dashboard (the boxes to tick when a key is made).

export const apiResources = ['orders', 'products', 'prospects', 'deliveries'] as const;
export type ApiResource = (typeof apiResources)[number];
export type ApiAccess = 'read' | 'write';

/** Deliveries are read-only through the API: they move through dispatch and the courier app. */
export const apiScopes = [
  'orders:read',
  'orders:write',
  'products:read',
  'products:write',
  'prospects:read',
  'prospects:write',
  'deliveries:read',
] as const;
export type ApiScope = (typeof apiScopes)[number];

/** True when the scopes allow this access; write includes read. */
export function scopeAllows(
  scopes: readonly string[],
  resource: ApiResource,
  access: ApiAccess,
): boolean {
  return (
    scopes.includes(`${resource}:write`) ||
    (access === 'read' && scopes.includes(`${resource}:read`))
  );
}
