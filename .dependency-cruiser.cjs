// The architecture's arrows, checked by `pnpm lint`: no import circle between files, and only the
// allowed arrows between the parts (docs/architecture.md):
//
//   apps/server ─► @flux/api ─► @flux/db, @flux/integrations ─► @flux/contracts
//   apps/web, apps/courier ─► @flux/contracts (values), @flux/api (types only)
//   tooling/* (@flux/env): below everything, used by the server side only
//
// apps/server is the composition root: it may import values from every package. Tests and the
// testing helpers (harness, cases, fakes) may reach across the arrows: a db test can use an
// api test helper without making the db depend on the api.

/** Files that only tests load: the arrows do not bind them. */
const TEST_FILES = [
  '\\.test\\.tsx?$',
  '\\.cases\\.ts$',
  '/testing/',
  '/fake\\.ts$',
  '^test/',
  '^bench/',
  '^scripts/',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'An import circle between files: split out what both sides need (a contract, a type) into a module both import.',
      // A circle through a test or a testing helper is not the code's own (the harness lists the
      // cases, the cases use the harness): only circles among the shipped files count.
      from: { pathNot: TEST_FILES },
      to: { circular: true, viaOnly: { pathNot: TEST_FILES } },
    },
    {
      name: 'apps-import-only-types-from-api',
      severity: 'error',
      comment:
        'The web and courier apps run in a browser or phone: from @flux/api they may take types (AppRouter), never values; values they share live in @flux/contracts.',
      from: { path: '^apps/(web|courier)/' },
      to: { path: '^packages/api/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-apps-skip-the-server-packages',
      severity: 'error',
      comment:
        'The web and courier apps never import @flux/db, @flux/integrations or @flux/env (not even types): they would bundle the server.',
      from: { path: '^apps/(web|courier)/' },
      to: { path: '^(packages/(db|integrations)|tooling)/' },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      comment: 'Apps compose the packages, never the reverse.',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-never-import-each-other',
      severity: 'error',
      comment: 'Each app stands on the packages alone.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'db-and-integrations-stay-below-api',
      severity: 'error',
      comment:
        '@flux/db and @flux/integrations sit below @flux/api and beside each other: they import only @flux/contracts and the tooling of ours.',
      from: { path: '^packages/(db|integrations)/', pathNot: TEST_FILES },
      to: { path: '^(packages|apps)/', pathNot: ['^packages/$1/', '^packages/contracts/'] },
    },
    {
      name: 'contracts-import-nothing-of-ours',
      severity: 'error',
      comment:
        '@flux/contracts is what every app and package shares: it imports no package of ours (an app importing it would pull that package in).',
      from: { path: '^packages/contracts/', pathNot: TEST_FILES },
      to: { path: '^(packages|apps|tooling)/', pathNot: '^packages/contracts/' },
    },
    {
      name: 'tooling-imports-nothing-of-ours',
      severity: 'error',
      comment: 'The tooling packages sit below every package: they import none of ours.',
      from: { path: '^tooling/([^/]+)/', pathNot: TEST_FILES },
      to: { path: '^(packages|apps|tooling)/', pathNot: '^tooling/$1/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that resolves to nothing: a typo, or a package missing from package.json.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '(^|/)dist/', '\\.d\\.ts$'] },
    // Type-only imports count: a circle of types is still a circle for the reader.
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
