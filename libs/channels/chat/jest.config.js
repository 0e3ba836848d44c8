'use strict';
const { unitConfig } = require('../../../jest.preset.js');

module.exports = unitConfig(__dirname, 'channel-chat');
