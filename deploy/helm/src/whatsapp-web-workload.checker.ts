import type { Manifest, ProblemReport } from './manifest.types';
import { asRecord, field, records, type JsonRecord } from './object-access.util';

function envValue(container: JsonRecord, name: string): unknown {
  return records(container['env']).find((variable) => variable['name'] === name)?.['value'];
}

function mountAt(container: JsonRecord, path: string): JsonRecord | undefined {
  return records(container['volumeMounts']).find((mount) => mount['mountPath'] === path);
}

/**
 * whatsapp-web.js sessions (a container with WHATSAPP_WEB_NUMBERS) drive Chromium and keep each
 * number's login and their spool in WHATSAPP_WEB_AUTH_DIR. So: a StatefulSet; the auth directory on
 * the replica's own claim (or a shared claim, with the spool under it on the replica's own one, since
 * a spool has one writer); /dev/shm in memory (the runtime's 64 MiB default crashes Chromium's
 * renderers); a writable /tmp under the read-only root filesystem.
 */
export function checkWhatsappWebWorkload(manifest: Manifest, report: ProblemReport): void {
  const spec = asRecord(field(manifest, 'spec', 'template', 'spec'));
  if (spec === undefined) return;
  const volumes = new Map(records(spec['volumes']).map((volume): [string, JsonRecord] => [String(volume['name']), volume]));
  const claimTemplates = new Set(records(field(manifest, 'spec', 'volumeClaimTemplates')).map((claim) => String(field(claim, 'metadata', 'name'))));
  const perReplica = (mount: JsonRecord | undefined): boolean => mount !== undefined && claimTemplates.has(String(mount['name']));
  const shared = (mount: JsonRecord | undefined): boolean => mount !== undefined && asRecord(volumes.get(String(mount['name']))?.['persistentVolumeClaim']) !== undefined;
  records(spec['containers']).forEach((container, index) => {
    if (envValue(container, 'WHATSAPP_WEB_NUMBERS') === undefined) return;
    const path = `.spec.template.spec.containers[${index}]`;
    if (manifest.kind !== 'StatefulSet') report('.', `whatsapp-web.js sessions run in a ${String(manifest.kind)}; they need a StatefulSet with a volume per replica`);
    const authDir = envValue(container, 'WHATSAPP_WEB_AUTH_DIR');
    if (typeof authDir !== 'string') {
      report(`${path}.env`, 'WHATSAPP_WEB_AUTH_DIR is not set: the logins and the spool would be lost with the pod');
    } else {
      const auth = mountAt(container, authDir);
      const spool = mountAt(container, `${authDir}/spool`);
      if (!perReplica(auth) && !(shared(auth) && perReplica(spool))) {
        report(`${path}.volumeMounts`, `${authDir} must be on the replica's own claim (volumeClaimTemplates), or on a shared claim with ${authDir}/spool on the replica's own`);
      }
    }
    const shm = volumes.get(String(mountAt(container, '/dev/shm')?.['name']));
    if (field(shm, 'emptyDir', 'medium') !== 'Memory') report(`${path}.volumeMounts`, 'Chromium needs /dev/shm from an emptyDir with medium: Memory');
    if (field(volumes.get(String(mountAt(container, '/tmp')?.['name'])), 'emptyDir') === undefined) report(`${path}.volumeMounts`, 'Chromium needs a writable /tmp (an emptyDir) under the read-only root filesystem');
  });
}
