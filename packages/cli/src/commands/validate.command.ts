/** `stepgraph validate <file...>`: offline, with the engine's validator; `file:line:column: message`. */
import { Command } from 'commander';
import { checkDefinitionFile, formatDiagnostic } from '../definitions/definition.check.js';
import { ExitCode } from '../errors.js';
import { examples, outputFor } from './command.context.js';

export function validateCommand(): Command {
  const command = new Command('validate')
    .description(
      'check definition files offline (no server); prints file:line:column: message for each fault',
    )
    .argument('<file...>', '*.asl.json, *.asl.yaml or *.asl.yml files')
    .action(async (files: string[], _options: unknown, self: Command) => {
      const output = outputFor(self);
      const results = [];
      for (const file of files) results.push(await checkDefinitionFile(file));
      const invalid = results.filter((result) => !result.valid);
      if (output.json) {
        output.data(
          results.map((result) =>
            result.valid
              ? { file: result.file.file, valid: true, diagnostics: [] }
              : { file: result.path, valid: false, diagnostics: result.diagnostics },
          ),
        );
      } else {
        for (const result of invalid)
          for (const diagnostic of result.diagnostics) output.line(formatDiagnostic(diagnostic));
        output.note(`${results.length - invalid.length} of ${results.length} valid`);
      }
      if (invalid.length > 0) throw new ExitCode(1);
    });
  return examples(command, [
    'stepgraph validate workflows/orders.asl.json',
    'stepgraph validate workflows/*.asl.yaml --json',
  ]);
}
