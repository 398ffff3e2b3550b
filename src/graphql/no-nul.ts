import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * U+0000 has no place in any value, and PostgreSQL cannot store it. The HTTP layer refuses it raw or as a JSON
 * escape; this rule refuses it where only the GraphQL parser decodes it (`"\u{0}"` in the query text), so every
 * decoded string value is checked, not only the raw body.
 */
export const noNulStrings: ValidationRule = (context) => ({
  StringValue(node) {
    if (node.value.includes('\u0000')) {
      context.reportError(new GraphQLError('String values must not contain U+0000.', { nodes: node }));
    }
  },
});
