// `pnpm db:seed`: migrates, then creates the demo merchant unless it is already there.
import { openDatabase } from '../database';
import { DEMO_LOGIN, seedDemo } from '../seed';

const handle = await openDatabase({ migrate: true });
try {
  const target = handle.embedded ? 'the embedded database' : 'DATABASE_URL';
  const result = await seedDemo(handle.db);
  if (result?.created) {
    console.log(`Demo business "Boutique Awa" created in ${target} (${result.businessId}).`);
  } else if (result) {
    console.log(`Demo business already in ${target} (${result.businessId}); nothing changed.`);
  }
  console.log(`Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
} finally {
  await handle.close();
}
