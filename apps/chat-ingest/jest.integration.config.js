'use strict';
const { integrationConfig } = require('../../jest.preset.js');

module.exports = integrationConfig(__dirname, 'chat-ingest');
