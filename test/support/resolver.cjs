/**
 * Source files import siblings as `./x.js` (ESM with nodenext), but on disk they are `./x.ts`.
 * Retry such a relative import as `.ts` when the first lookup fails; packages are left alone.
 */
module.exports = (request, options) => {
  try {
    return options.defaultResolver(request, options);
  } catch (error) {
    if (request.startsWith('.') && request.endsWith('.js')) {
      return options.defaultResolver(request.slice(0, -3) + '.ts', options);
    }
    throw error;
  }
};
