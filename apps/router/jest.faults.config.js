'use strict';
const { faultSuitesConfig } = require('../../jest.preset.js');

module.exports = faultSuitesConfig(__dirname, 'router');
