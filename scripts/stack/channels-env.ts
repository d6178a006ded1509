import type { StackKeys } from './keys';

/**
 * The channel settings of the local stack's functions (issue 14). Locally the secrets are derived
 * from the stack's cron secret (as EMAIL_LINK_SECRET is), so a state dir keeps them across
 * restarts and the tests can sign webhooks as Facebook and Zalo would; a hosted project sets each
 * one on its own (README, Deploy). The Graph and Zalo OpenAPI base URLs stay the real ones unless
 * a test points them at its fakes (tests/helpers/fake-channels.ts).
 */
export function channelEnv(keys: StackKeys) {
  return {
    CHANNEL_TOKEN_KEY: `${keys.cronSecret}:channel-tokens`,
    FACEBOOK_APP_ID: '100000000000001',
    FACEBOOK_APP_SECRET: `${keys.cronSecret}:facebook-app`,
    FACEBOOK_VERIFY_TOKEN: `${keys.cronSecret}:facebook-verify`.slice(0, 64),
    ZALO_APP_ID: '200000000000001',
    ZALO_APP_SECRET: `${keys.cronSecret}:zalo-app`,
    ZALO_OA_SECRET_KEY: `${keys.cronSecret}:zalo-oa`,
  };
}
