import { describeHttpEdges } from '@tributary/platform-testing';
import { routerApp } from './router.app';

// No server is needed: the edges hold before any route reaches Kafka or Postgres (port 1: nothing listens).
describeHttpEdges(routerApp, { DATABASE_URL: 'postgres://tributary:secret@127.0.0.1:1/tributary' });
