{{/*
The environment of an app's container (and of its migration Job). Plain values are rendered;
every credential is a secretKeyRef to a Secret the operator (or Strimzi) owns.
*/}}
{{- define "tributary.env" -}}
{{- $root := .root -}}
{{- $name := .name -}}
{{- $app := .app -}}
{{- $facts := .facts -}}
- name: NODE_ENV
  value: production
- name: HTTP_PORT
  value: "3000"
- name: LOG_LEVEL
  value: {{ $root.Values.logLevel | quote }}
- name: SHUTDOWN_TIMEOUT_MS
  value: {{ mul $root.Values.shutdownTimeoutSeconds 1000 | quote }}
- name: KAFKA_BROKERS
  value: {{ $root.Values.kafka.brokers | quote }}
- name: KAFKA_CLIENT_ID
  value: {{ printf "tributary-%s" $name | quote }}
- name: KAFKA_SSL
  value: {{ $root.Values.kafka.tls.enabled | quote }}
{{- with $root.Values.kafka.consumerGroupPrefix }}
# Every consumer group the app joins is <prefix><group>; the Strimzi ACLs and KEDA use the same names.
- name: KAFKA_CONSUMER_GROUP_PREFIX
  value: {{ . | quote }}
{{- end }}
- name: KAFKA_TOPIC_PARTITIONS
  value: {{ $root.Values.kafka.topics.partitions | quote }}
- name: KAFKA_TOPIC_REPLICATION_FACTOR
  value: {{ $root.Values.kafka.topics.replicationFactor | quote }}
{{- with $root.Values.kafka.tls.caSecret.name }}
# kafkajs uses Node's default trust store, which NODE_EXTRA_CA_CERTS extends with the broker's CA.
- name: NODE_EXTRA_CA_CERTS
  value: /etc/tributary/kafka-ca/ca.crt
{{- end }}
{{- $mechanism := include "tributary.saslMechanism" $root }}
{{- if $mechanism }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $mechanism | quote }}
{{- if and $root.Values.strimzi.enabled $root.Values.strimzi.users.enabled }}
- name: KAFKA_SASL_USERNAME
  value: {{ include "tributary.kafkaUser" (dict "root" $root "name" $name) | quote }}
- name: KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      # Written by Strimzi's User Operator for the KafkaUser of the same name.
      name: {{ include "tributary.kafkaUser" (dict "root" $root "name" $name) }}
      key: password
{{- end }}
{{- end }}
{{- if eq $name "router" }}
- name: ROUTER_CONSUMER_GROUP
  value: {{ $app.consumerGroup | quote }}
{{- end }}
{{- if $facts.blobStore }}
- name: BLOB_STORE_KIND
  value: {{ $root.Values.blobStore.kind | quote }}
{{- if eq $root.Values.blobStore.kind "s3" }}
- name: BLOB_STORE_S3_BUCKET
  value: {{ $root.Values.blobStore.s3.bucket | quote }}
- name: BLOB_STORE_S3_REGION
  value: {{ $root.Values.blobStore.s3.region | quote }}
- name: BLOB_STORE_S3_PREFIX
  value: {{ $root.Values.blobStore.s3.prefix | quote }}
- name: BLOB_STORE_S3_FORCE_PATH_STYLE
  value: {{ $root.Values.blobStore.s3.forcePathStyle | quote }}
{{- with $root.Values.blobStore.s3.endpoint }}
- name: BLOB_STORE_S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with $root.Values.blobStore.s3.credentialsSecret }}
- name: BLOB_STORE_S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: BLOB_STORE_S3_ACCESS_KEY_ID
- name: BLOB_STORE_S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ . }}
      key: BLOB_STORE_S3_SECRET_ACCESS_KEY
{{- end }}
{{- else }}
- name: BLOB_STORE_DIR
  value: /var/lib/tributary/blobs
{{- end }}
{{- end }}
{{- if eq $name "voice-ingest" }}
- name: TWILIO_WEBHOOK_BASE_URL
  value: {{ $app.publicBaseUrl | quote }}
- name: SPOOL_DIR
  value: /var/lib/tributary/spool
- name: SPOOL_MAX_BYTES
  value: {{ $app.spool.maxBytes | int64 | quote }}
{{- end }}
{{- if and (eq $name "social-ingest") $app.publicBaseUrl }}
# Every provider signs (or registers) its webhooks against the public base URL the route is built from.
{{- range $variable := list "WHATSAPP_CLOUD_WEBHOOK_BASE_URL" "TELEGRAM_WEBHOOK_BASE_URL" "META_WEBHOOK_BASE_URL" }}
- name: {{ $variable }}
  value: {{ $app.publicBaseUrl | quote }}
{{- end }}
{{- end }}
{{- if and (eq $name "social-ingest") $app.whatsappWeb.enabled }}
# Each number's login (LocalAuth) and the sessions' spool, on the replica's volume.
- name: WHATSAPP_WEB_AUTH_DIR
  value: /var/lib/tributary/whatsapp-web
{{- end }}
{{- if and (eq $name "email-ingest") $app.inboundSmtp.enabled }}
- name: EMAIL_INBOUND_SMTP_PORT
  value: {{ $app.inboundSmtp.containerPort | quote }}
{{- end }}
{{- range $key, $value := $app.env }}
- name: {{ $key }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- range $key, $ref := $app.secretEnv }}
- name: {{ $key }}
  valueFrom:
    secretKeyRef:
      name: {{ $ref.name }}
      key: {{ $ref.key }}
{{- end }}
{{- end -}}
