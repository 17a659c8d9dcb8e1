// `pnpm --filter @flux/server vapid-keys`: a new VAPID key pair for Web Push (RFC 8292), printed
// as the two lines to put in the environment. Keep the private key secret; changing the pair
// makes every browser subscribe again (their switch shows off until they do).
import { generateVapidKeys } from '@flux/integrations';

const keys = generateVapidKeys();
process.stdout.write(`VAPID_PUBLIC_KEY=${keys.publicKey}\nVAPID_PRIVATE_KEY=${keys.privateKey}\n`);
