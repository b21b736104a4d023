// Request types derived from the `as const` JSON schemas the routes validate with, so a handler reading a field
// its schema does not declare fails to compile. Covers the keywords schemas.ts uses (type, enum, properties,
// required, items); objects are closed on purpose: an undeclared field is a type error, not `unknown`.
import type { FastifyRequest } from 'fastify';

interface Primitives {
  string: string;
  integer: number;
  number: number;
  boolean: boolean;
  null: null;
  object: Record<string, unknown>;
  array: unknown[];
}

type TypeOf<T> = T extends readonly (infer U)[] ? TypeOf<U> : T extends keyof Primitives ? Primitives[T] : unknown;

type Simplify<T> = { [K in keyof T]: T[K] } & {};

type ObjectOf<P, R> = Simplify<
  { -readonly [K in keyof P as K extends R ? K : never]: FromSchema<P[K]> } & {
    -readonly [K in keyof P as K extends R ? never : K]?: FromSchema<P[K]>;
  }
>;

type NullIfAllowed<S> = S extends { type: readonly unknown[] } ? ('null' extends S['type'][number] ? null : never) : never;

export type FromSchema<S> = S extends { enum: readonly (infer E)[] }
  ? E
  : S extends { properties: infer P }
    ? ObjectOf<P, S extends { required: readonly (infer R)[] } ? R : never> | NullIfAllowed<S>
    : S extends { items: infer I }
      ? FromSchema<I>[]
      : S extends { type: infer T }
        ? TypeOf<T>
        : unknown;

/** The parts of a route's schema that type its request; a part without a schema stays `unknown`. */
export interface RouteSchema {
  readonly params?: unknown;
  readonly querystring?: unknown;
  readonly body?: unknown;
}

type Part<S, K extends keyof RouteSchema> = S extends { [P in K]: infer X } ? FromSchema<X> : unknown;

export interface RouteTypes<S> {
  /** A matched route always has its path parameters. */
  Params: S extends { params: infer X } ? Required<FromSchema<X>> : unknown;
  Querystring: Part<S, 'querystring'>;
  Body: Part<S, 'body'>;
}

export type RequestOf<S> = FastifyRequest<RouteTypes<S>>;
