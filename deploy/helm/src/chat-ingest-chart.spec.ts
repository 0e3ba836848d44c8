import type { Manifest } from './manifest.types';
import { renderManifests, valueSetFile } from './helm-chart.util';
import { field, records } from './object-access.util';
import { named } from './rendered-manifest.util';

/*
 * chat-ingest as the chart renders it: the widget's script and socket routed (nothing else), its
 * database migrated, and its broadcast reply groups (one per replica) granted by prefix.
 */

let everything: Manifest[];
beforeAll(() => {
  everything = renderManifests({ valueFiles: [valueSetFile('everything')] });
});

describe('chat-ingest', () => {
  it('routes exactly the widget script and its socket', () => {
    const ingress = named(everything, 'Ingress', 'tributary-chat-ingest');
    const paths = records(field(records(field(ingress, 'spec', 'rules'))[0], 'http', 'paths')).map((path) => path['path']);
    expect(paths).toEqual(['/chat/socket', '/widget.js']);
  });

  it('runs its migrations as a Job', () => {
    expect(everything.filter((manifest) => manifest.kind === 'Job').map((job) => job.metadata?.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^tributary-chat-ingest-migrate-/) as unknown]));
  });

  it('grants the reply group its replicas share, and no other group', () => {
    const user = named(everything, 'KafkaUser', 'tributary-chat-ingest-kafka');
    const groups = records(field(user, 'spec', 'authorization', 'acls'))
      .filter((acl) => field(acl, 'resource', 'type') === 'group')
      .map((acl) => [field(acl, 'resource', 'name'), field(acl, 'resource', 'patternType')]);
    expect(groups).toEqual([['prod.tributary-chat-ingest-outbound', 'literal']]);
  });
});
