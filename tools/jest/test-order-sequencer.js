// Jest testSequencer of the integration configs: runs a project's suites in the order
// TRIBUTARY_TEST_ORDER names ("reverse", "shuffle:<seed>"; see tools/test/test-order.util.ts), to
// prove no suite depends on another having run before it. Unset, jest's own order stays.
'use strict';
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

function testOrder() {
  // The order rules are TypeScript, shared with the test command; compiled on load as tools/run.js does.
  process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', '..', 'tsconfig.json');
  require('@swc-node/register');
  return require('../test/test-order.util.ts');
}

class TestOrderSequencer extends Sequencer {
  sort(tests) {
    const { TEST_ORDER_VARIABLE, orderItems, parseTestOrder } = testOrder();
    const order = parseTestOrder(process.env[TEST_ORDER_VARIABLE]);
    if (order.kind === 'default') return super.sort(tests);
    const root = tests[0]?.context.config.rootDir ?? '';
    const ordered = orderItems(tests, order, (test) => path.relative(root, test.path), path.basename(root));
    process.stderr.write(`[test-order] ${process.env[TEST_ORDER_VARIABLE]}: ${ordered.map((test) => path.relative(root, test.path)).join(', ')}\n`);
    return ordered;
  }
}

module.exports = TestOrderSequencer;
