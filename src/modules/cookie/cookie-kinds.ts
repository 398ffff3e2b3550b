/** The cookies a storefront of this gateway sets (§8), as the policy publishes them. */
export const COOKIE_KINDS = [
  {
    kind: 'Necessary',
    use: 'Keep you logged in during a visit, remember your cart and protect forms against forgery.',
    refusable: false,
  },
  {
    kind: 'Personalised',
    use: 'Remember your choices to personalise what you see, and keep "automatic log-in": a token signed by us, never your password.',
    refusable: true,
  },
] as const;

/** How a visitor refuses the refusable ones; `setCookiePreferences` records the choice. */
export const COOKIE_REFUSAL = [
  'Switch off "Personalised cookies" in the cookie settings of the shop (also shown at sign-up); automatic log-in ends with it.',
  'Or block cookies in your browser: Chrome: Settings > Privacy and security > Third-party cookies; Safari: Settings > Privacy; Firefox: Settings > Privacy & Security.',
  'Blocking necessary cookies in the browser stops log-in and the cart from working.',
] as const;
