import type { ValidationRule } from 'graphql';
import { ApolloArmor } from '@escape.tech/graphql-armor';

/** The request limits (OWASP GraphQL cheat sheet); messages never state the limit itself. */
export const LIMITS = { depth: 8, aliases: 15, directives: 50, tokens: 1000, cost: 5000 } as const;

export const LIMIT_MESSAGE = 'The query exceeds what this gateway accepts.';

/** graphql-armor for depth, aliases, directives and field suggestions (tokens: graphql-js; cost: `costPlugin`). */
export function requestLimits(): {
  plugins: ReturnType<ApolloArmor['protect']>['plugins'];
  validationRules: ValidationRule[];
} {
  const common = { exposeLimits: false, errorMessage: LIMIT_MESSAGE };
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.depth, ...common, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: LIMITS.aliases, ...common },
    maxDirectives: { n: LIMITS.directives, ...common },
    // graphql-js counts tokens itself (`parseOptions.maxTokens`); armor's parser throws where Apollo answers 500.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: true },
    // Armor's own cost rule does not weigh lists by `first`; ours does.
    costLimit: { enabled: false },
  }).protect();
  return { plugins: armor.plugins, validationRules: armor.validationRules };
}

/** graphql-js's own message when `maxTokens` stops the parser; it names the limit, so it is replaced. */
export const isTokenLimitError = (message: string): boolean => /Document contains more th\w+ \d+ tokens/.test(message);
