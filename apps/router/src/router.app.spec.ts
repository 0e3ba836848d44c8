import { describeAppWithoutKafka } from '@tributary/platform-testing';
import { routerApp } from './router.app';

// Nothing listens on port 1, so Postgres is down too; readiness must still name Kafka.
describeAppWithoutKafka(routerApp, { DATABASE_URL: 'postgres://tributary:secret@127.0.0.1:1/tributary' });
