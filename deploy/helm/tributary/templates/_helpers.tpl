{{/*
What each app is, read from the code (each app's <app>.app.ts, the libs/contracts topic catalog, the
consumer groups in libs/router/ticketing and the apps' reply services). Values cannot change these
facts, only the deployment around them; update this table when an app's topics or groups change.
  lagTopic: the topic whose consumer lag scales the app; replicas are capped at its partitions
  consumes / produces: topics and consumer groups, the source of the Strimzi ACLs
  webhookPrefixes: the only paths a public route forwards (never metrics, health or an operator endpoint)
*/}}
{{- define "tributary.catalog" -}}
router:
  lagTopic: tributary.inbound.v1
  consumes: [tributary.inbound.v1, tributary.delivery.v1, tributary.attachments.v1]
  produces: [tributary.tickets.v1, tributary.tickets.state.v1, tributary.outbound.v1, tributary.inbound.dlq.v1]
  groups: [tributary-router-delivery, tributary-router-attachments]
  database: true
  # The queue API serves the attachments the ingests stored.
  blobStore: true
  webhookPrefixes: [/v1]
email-ingest:
  lagTopic: tributary.outbound.v1
  consumes: [tributary.outbound.v1]
  produces: [tributary.inbound.v1, tributary.delivery.v1, tributary.inbound.dlq.v1]
  groups: [tributary-email-ingest-outbound]
  database: true
  blobStore: true
  webhookPrefixes: []
voice-ingest:
  lagTopic: tributary.outbound.v1
  consumes: [tributary.outbound.v1]
  produces: [tributary.inbound.v1, tributary.delivery.v1, tributary.attachments.v1, tributary.inbound.dlq.v1]
  groups: [tributary-voice-ingest-outbound]
  database: true
  blobStore: true
  webhookPrefixes: [/twilio]
chat-ingest:
  lagTopic: tributary.outbound.v1
  consumes: [tributary.outbound.v1]
  produces: [tributary.inbound.v1, tributary.delivery.v1, tributary.inbound.dlq.v1]
  groups: [tributary-chat-ingest-outbound]
  database: true
  # Visitors' uploads, which the router serves to agents from the same store.
  blobStore: true
  # The widget's WebSocket (/chat/socket) and its script; the demo page stays inside the cluster.
  webhookPrefixes: [/chat/socket, /widget.js]
social-ingest:
  lagTopic: tributary.outbound.v1
  consumes: [tributary.outbound.v1]
  produces: [tributary.inbound.v1, tributary.delivery.v1, tributary.attachments.v1, tributary.inbound.dlq.v1]
  groups: [tributary-social-ingest-outbound]
  database: true
  blobStore: true
  # Each provider's webhook (apps/social-ingest/src/*-webhook.controller.ts): the WhatsApp Cloud API
  # and Messenger/Instagram (Meta signs the raw bytes; the verify handshake is a GET on the same path)
  # and Telegram (/telegram/webhook/<bot>). Never /whatsapp-web/sessions: that is for operators only.
  webhookPrefixes: [/whatsapp-cloud/webhook, /telegram/webhook, /meta/webhook]
{{- end -}}

{{- define "tributary.topics" -}}
- tributary.inbound.v1
- tributary.inbound.dlq.v1
- tributary.tickets.v1
- tributary.tickets.state.v1
- tributary.outbound.v1
- tributary.delivery.v1
- tributary.attachments.v1
{{- end -}}

{{/* Names are the release plus the app, cut to 63 characters (DNS label). */}}
{{- define "tributary.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "tributary.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "tributary.labels" -}}
{{ include "tributary.selectorLabels" . }}
app.kubernetes.io/part-of: tributary
app.kubernetes.io/version: {{ .root.Values.image.tag | default .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* An app's settings: appDefaults overlaid with apps.<name>. */}}
{{- define "tributary.app" -}}
{{- $defaults := deepCopy .root.Values.appDefaults -}}
{{- $own := deepCopy (index .root.Values.apps .name) -}}
{{- toYaml (mergeOverwrite $defaults $own) -}}
{{- end -}}

{{- define "tributary.partitions" -}}
{{- $byTopic := .root.Values.kafka.topics.partitionsByTopic | default dict -}}
{{- index $byTopic .topic | default .root.Values.kafka.topics.partitions -}}
{{- end -}}

{{/* An app's image; social-ingest with whatsapp-web.js sessions runs the Chromium variant of it. */}}
{{- define "tributary.image" -}}
{{- $image := .name -}}
{{- $own := index .root.Values.apps .name | default dict -}}
{{- if and (eq .name "social-ingest") $own.whatsappWeb.enabled -}}
{{- $image = $own.whatsappWeb.imageName -}}
{{- end -}}
{{- printf "%s/%s:%s" .root.Values.image.registry $image (.root.Values.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/*
Whether an app runs as a StatefulSet: voice-ingest with a persistent spool, social-ingest with
whatsapp-web.js sessions (their logins and spool on a volume per replica).
*/}}
{{- define "tributary.stateful" -}}
{{- $own := index .root.Values.apps .name | default dict -}}
{{- if and (eq .name "voice-ingest") $own.spool.persistence.enabled -}}true
{{- else if and (eq .name "social-ingest") $own.whatsappWeb.enabled -}}true
{{- end -}}
{{- end -}}

{{/* A consumer group as the app joins it: KAFKA_CONSUMER_GROUP_PREFIX before the group's own name. */}}
{{- define "tributary.consumerGroup" -}}
{{- printf "%s%s" .root.Values.kafka.consumerGroupPrefix .group -}}
{{- end -}}

{{/*
The KafkaUser (and SASL user name) of an app. Strimzi's User Operator writes the password into a
Secret of the same name, so the suffix keeps it clear of the operator's own <release>-<app> Secrets.
*/}}
{{- define "tributary.kafkaUser" -}}
{{- printf "%s-kafka" (include "tributary.fullname" . | trunc 57 | trimSuffix "-") -}}
{{- end -}}

{{- define "tributary.saslMechanism" -}}
{{- if and .Values.strimzi.enabled .Values.strimzi.users.enabled -}}scram-sha-512{{- else -}}{{ .Values.kafka.sasl.mechanism }}{{- end -}}
{{- end -}}

{{/* Seconds the pod may take to stop: the preStop pause, the app's own shutdown bound, and a margin for exit. */}}
{{- define "tributary.gracePeriod" -}}
{{- add .Values.preStopSleepSeconds .Values.shutdownTimeoutSeconds 5 -}}
{{- end -}}

{{- define "tributary.podSecurityContext" -}}
runAsNonRoot: true
seccompProfile:
  type: {{ .Values.podSecurity.seccompProfile }}
{{- with .Values.podSecurity.fsGroup }}
fsGroup: {{ . }}
{{- end }}
{{- end -}}

{{- define "tributary.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
privileged: false
capabilities:
  drop: [ALL]
{{- end -}}

{{/* The URL's host and path, parsed once for routes and for the app's own variable. */}}
{{- define "tributary.publicUrl" -}}
{{- $url := urlParse .url -}}
host: {{ $url.host | quote }}
path: {{ $url.path | trimSuffix "/" | quote }}
scheme: {{ $url.scheme | quote }}
{{- end -}}
