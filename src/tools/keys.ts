/**
 * `npm run keys [-- --signing-only]`: prints a new SIGNING_KEY and MASTER_KEY as `.env` lines on stdout, and on
 * stderr where they go. `--signing-only` prints a signing key alone, for a rotation.
 */
import { envLines, newMasterKey, newSigningJwk } from '../crypto/generate-keys';
import { masterKeyFingerprint, shortFingerprint } from '../crypto/master-key';

async function main(): Promise<void> {
  const signingOnly = process.argv.includes('--signing-only');
  const signingKey = await newSigningJwk(new Date());
  const masterKey = signingOnly ? undefined : newMasterKey();
  for (const line of envLines({ signingKey, masterKey })) console.log(line);
  const say = (line = '') => console.error(line);
  say();
  say("Put these lines in your secret store, or in the .env file in the gateway's working directory (git-ignored;");
  say('the gateway and its commands load it). Never commit them. Every replica must get the same values.');
  if (masterKey) {
    say(
      `MASTER_KEY fingerprint: ${shortFingerprint(masterKeyFingerprint(Buffer.from(masterKey, 'base64')))} (the gateway refuses any other key`,
    );
    say('on a database first started with this one). Keep a copy offline: the data cannot be decrypted without it.');
    say('Changing it later takes npm run keys:rotate-master, never just a new value.');
  } else {
    say(
      `Signing-key rotation: replace SIGNING_KEY on every replica and restart them. The new key (kid ${signingKey.kid}) signs`,
    );
    say(
      'from the first start; the old one still verifies the tokens it signed until they expire, and is then retired.',
    );
  }
}

main().catch((err: unknown) => {
  console.error(`keys failed: ${(err as Error).message}`);
  process.exit(1);
});
