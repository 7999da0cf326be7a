import { DataSource } from 'typeorm';
import type { BootedApp } from '../support/app.js';

/** A valid definition; `result` makes it differ from others. */
export function passDefinition(result: unknown = 'done') {
  return { StartAt: 'Only', States: { Only: { Type: 'Pass', Result: result, End: true } } };
}

/** The same definition as {@link passDefinition}, with its keys in another order and spaced out. */
export function reorderedPassDefinitionText(result: unknown = 'done'): string {
  return JSON.stringify(
    { States: { Only: { End: true, Result: result, Type: 'Pass' } }, StartAt: 'Only' },
    null,
    2,
  );
}

/** How many machines (deleted ones too) and versions the database holds. */
export async function storedRows(booted: BootedApp): Promise<{ machines: number; versions: number }> {
  const [row] = await booted.app.get(DataSource).query<{ machines: number; versions: number }[]>(
    `SELECT (SELECT count(*)::int FROM state_machines) AS machines,
            (SELECT count(*)::int FROM state_machine_versions) AS versions`,
  );
  return row!;
}

/** A REST request with a JSON body. */
export function sendJson(url: string, method: string, body: unknown): Promise<Response> {
  return fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** A problem+json body as the REST API sends it. */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

/** The problem of a failed REST response, checking its media type. */
export async function problemOf(response: Response): Promise<Problem> {
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  return (await response.json()) as Problem;
}
