import { Field, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from '../errors';

export const MAX_PAGE_SIZE = 100;

/** A page size argument, 1 to MAX_PAGE_SIZE, or BAD_USER_INPUT. */
export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `first must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  return first;
}

/** Every cursor is the base64url of the key of the last row seen: opaque to clients, one format for every list. */
export const encodeCursor = (key: string | number): string => Buffer.from(String(key), 'utf8').toString('base64url');

/** The key inside `after`, or BAD_USER_INPUT when `parse` does not recognise it (null). */
export function decodeCursor<T>(after: string, parse: (key: string) => T | null): T {
  const key = parse(Buffer.from(after, 'base64url').toString('utf8'));
  if (key === null) throw badInput('after', 'The cursor is not valid.');
  return key;
}

/** A key that is a row's `seq`: a whole number no less than `min`. */
export const seqKey =
  (min: number) =>
  (key: string): number | null => {
    if (!/^\d+$/.test(key)) return null;
    const seq = Number(key);
    return Number.isSafeInteger(seq) && seq >= min ? seq : null;
  };

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

/** A page of `nodes` (no more than the page size); `hasNextPage` when the query found a row beyond it. */
export function connectionOf<T>(nodes: T[], hasNextPage: boolean, keyOf: (node: T) => string | number): Connection<T> {
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** The schema types `<name>Connection` and `<name>Edge` of a list of `node`. */
export function connectionTypes<T extends object>(
  name: string,
  node: ClassType<T>,
): { Connection: ClassType<Connection<T>>; Edge: ClassType<Edge<T>> } {
  @ObjectType(`${name}Edge`)
  class EdgeType implements Edge<T> {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements Connection<T> {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }

  return { Connection: ConnectionType, Edge: EdgeType };
}
