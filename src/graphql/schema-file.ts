import 'reflect-metadata';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  GRAPHQL_SDL_FILE_END,
  GRAPHQL_SDL_FILE_HEADER,
  GraphQLSchemaBuilderModule,
  GraphQLSchemaFactory,
  RESOLVER_TYPE_METADATA,
} from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { SCHEMA_BUILD_OPTIONS } from './graphql.options.js';

/** docs/design.md §8 names resolver files `<domain>.resolver.ts`: that name is how they are found. */
const RESOLVER_FILE = /\.resolver\.[cm]?[jt]s$/;

/**
 * Every resolver class exported by a `*.resolver.ts` file under `sourceDir`, so that a new feature
 * cannot be left out of `schema.gql`. A resolver file without a resolver class is an error: the
 * name promises one.
 */
export async function discoverResolvers(sourceDir: string): Promise<Type[]> {
  const entries = await readdir(sourceDir, { recursive: true });
  const files = entries.filter((file) => RESOLVER_FILE.test(file) && !file.endsWith('.d.ts')).sort();
  const resolvers: Type[] = [];
  for (const file of files) {
    const exported: Record<string, unknown> = await import(pathToFileURL(join(sourceDir, file)).href);
    const found = Object.values(exported).filter(
      (value): value is Type =>
        typeof value === 'function' && Reflect.hasOwnMetadata(RESOLVER_TYPE_METADATA, value),
    );
    if (found.length === 0) throw new Error(`${file} exports no @Resolver() class`);
    resolvers.push(...found);
  }
  return resolvers;
}

/**
 * The SDL of the given resolvers exactly as the GraphQL module writes `schema.gql` (header,
 * lexicographic order, final newline), built without starting the app or touching a database.
 */
export async function printSchemaFile(resolvers: Type[]): Promise<string> {
  const context = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    const schema = await context.get(GraphQLSchemaFactory).create(resolvers, { ...SCHEMA_BUILD_OPTIONS });
    const end = SCHEMA_BUILD_OPTIONS.addNewlineAtEnd ? GRAPHQL_SDL_FILE_END : '';
    return GRAPHQL_SDL_FILE_HEADER + printSchema(lexicographicSortSchema(schema)) + end;
  } finally {
    await context.close();
  }
}
