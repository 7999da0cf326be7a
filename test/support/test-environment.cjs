/**
 * Jest's Node environment, plus a flag that createTestDatabase() reads: a test file whose test or
 * hook failed keeps its database for inspection instead of dropping it.
 */
const { TestEnvironment } = require('jest-environment-node');

const FAILED = Symbol.for('stepgraph.test.failed');

class FailureTrackingEnvironment extends TestEnvironment {
  async handleTestEvent(event) {
    if ((event.name === 'test_done' && event.test.errors.length > 0) || event.name === 'hook_failure') {
      this.global[FAILED] = true;
    }
  }
}

module.exports = FailureTrackingEnvironment;
