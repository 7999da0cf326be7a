import { AccessKeySecretCipher } from '../../src/auth/access-key.js';
import { SecretCipher } from '../../src/common/secret-cipher.js';
import { WebhookSecretCipher } from '../../src/webhooks/webhook-secret.cipher.js';

const MATERIAL = 'a-key-of-at-least-thirty-two-characters';

describe('the shared secret cipher', () => {
  it('derives one key per label: a secret sealed for one purpose does not open under another', () => {
    const hooks = new WebhookSecretCipher(MATERIAL);
    const accessKeys = new AccessKeySecretCipher(MATERIAL);
    const sealed = accessKeys.seal('a secret access key');
    expect(accessKeys.open(sealed)).toBe('a secret access key');
    expect(hooks.tryOpen(sealed)).toBeUndefined();
    expect(accessKeys.tryOpen(hooks.seal('whsec_x'))).toBeUndefined();
  });

  it('keeps the webhooks label, so hook secrets sealed before the move still open', () => {
    const sealed = new SecretCipher(MATERIAL, 'stepgraph webhook secret encryption').seal('whsec_old');
    expect(new WebhookSecretCipher(MATERIAL).open(sealed)).toBe('whsec_old');
  });
});
