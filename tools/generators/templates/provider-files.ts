import type { ProviderNames } from '../provider-names';
import { configSchemaTemplate } from './config-schema.template';
import { deliveryCallbackMapperTemplate } from './delivery-callback-mapper.template';
import { emulatorTemplate } from './emulator.template';
import { normalizerTemplate } from './normalizer.template';
import { payloadSchemaTemplate } from './payload-schema.template';
import { providerSpecTemplate } from './provider-spec.template';
import { providerTemplate } from './provider.template';
import { replySenderTemplate } from './reply-sender.template';
import { signatureUtilTemplate } from './signature-util.template';
import { webhookVerifierTemplate } from './webhook-verifier.template';

/** The files of one provider folder: name and content, each with the role suffix of our style. */
export function providerFiles(n: ProviderNames): readonly (readonly [name: string, content: string])[] {
  const p = n.provider;
  return [
    [`${p}-signature.util.ts`, signatureUtilTemplate(n)],
    [`${p}-webhook.verifier.ts`, webhookVerifierTemplate(n)],
    [`${p}-payload.schema.ts`, payloadSchemaTemplate(n)],
    [`${p}-config.schema.ts`, configSchemaTemplate(n)],
    [`${p}.normalizer.ts`, normalizerTemplate(n)],
    [`${p}-reply.sender.ts`, replySenderTemplate(n)],
    [`${p}-delivery-callback.mapper.ts`, deliveryCallbackMapperTemplate(n)],
    [`${p}.emulator.ts`, emulatorTemplate(n)],
    [`${p}.provider.ts`, providerTemplate(n)],
    [`${p}.provider.spec.ts`, providerSpecTemplate(n)],
  ];
}
