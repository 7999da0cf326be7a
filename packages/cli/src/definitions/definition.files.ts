/** The definition files `apply -f` names: a file as given, or every `*.asl.{json,yaml,yml}` under a folder. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { DEFINITION_FILE } from './definition.file.js';

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
      found.push(...(await filesUnder(path)));
    } else if (entry.isFile() && DEFINITION_FILE.test(entry.name)) {
      found.push(path);
    }
  }
  return found;
}

/** The files, in name order; a folder with none, or a path that does not exist, is an error. */
export async function definitionFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch {
      throw new CliError(`${path}: no such file or folder`);
    }
    if (!isDirectory) {
      files.push(path);
      continue;
    }
    const found = await filesUnder(path);
    if (found.length === 0)
      throw new CliError(`${path}: no *.asl.json, *.asl.yaml or *.asl.yml file in this folder`);
    files.push(...found.sort());
  }
  return [...new Set(files)];
}
