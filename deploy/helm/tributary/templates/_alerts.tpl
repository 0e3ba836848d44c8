{{/*
The alerts that matter, built only on series that exist: the apps' own tributary_* metrics, `up`
from the scrape, and (optional) Strimzi Kafka Exporter's kafka_consumergroup_lag. Each annotation
says what to look at first. `promtool check rules` runs on the rendered groups in CI.
*/}}
{{- define "tributary.alertGroups" -}}
{{- $sel := printf "namespace=%q" .Release.Namespace -}}
{{- $p := .Values.metrics.prometheusRule -}}
- name: tributary.availability
  rules:
    - alert: TributaryAppDown
      expr: up{ {{- $sel }}, job=~{{ printf "%s-.*" .Release.Name | quote }}} == 0
      for: 5m
      labels:
        severity: critical
      annotations:
        summary: "{{ "{{ $labels.pod }}" }} has not answered /metrics for 5 minutes"
        description: "Check the pod's events and its /health/live and /health/ready answers."
    - alert: TributaryConsumerBatchesFailing
      expr: sum by (namespace, app, topic, group) (rate(tributary_kafka_batch_duration_seconds_count{ {{- $sel }}, outcome="failed"}[5m])) > 0
      for: 10m
      labels:
        severity: critical
      annotations:
        summary: "{{ "{{ $labels.app }}" }} keeps failing batches of {{ "{{ $labels.topic }}" }}"
        description: "The consumer retries the same batch, so its partition does not move. Usually PostgreSQL is unreachable; the app's log names the error."
- name: tributary.kafka
  rules:
    - alert: TributaryDeadLetters
      expr: sum by (namespace, app, topic, group) (rate(tributary_kafka_records_dead_lettered_total{ {{- $sel }}}[5m])) * 60 > {{ $p.deadLetterRatePerMinute }}
      for: 5m
      labels:
        severity: warning
      annotations:
        summary: "{{ "{{ $labels.app }}" }} dead-letters more than {{ $p.deadLetterRatePerMinute }} record(s) a minute from {{ "{{ $labels.topic }}" }}"
        description: "Read tributary.inbound.dlq.v1: the tributary-dlq-reason header says why each record was refused."
    - alert: TributaryDeadLettersReduced
      expr: sum by (namespace, app, topic, written) (increase(tributary_kafka_dead_letters_reduced_total{ {{- $sel }}}[15m])) > 0
      labels:
        severity: warning
      annotations:
        summary: "The dead-letter topic refused whole records from {{ "{{ $labels.topic }}" }} ({{ "{{ $labels.written }}" }} written instead)"
        description: "Raise max.message.bytes of tributary.inbound.dlq.v1 as the app's start-up warning says; the originals stay readable at their source offsets."
    {{- if $p.consumerLag.enabled }}
    - alert: TributaryConsumerLag
      expr: sum by (namespace, consumergroup, topic) (kafka_consumergroup_lag{consumergroup=~"{{ .Values.kafka.consumerGroupPrefix | replace "." "[.]" }}tributary-.*"}) > {{ $p.consumerLag.threshold }}
      for: 10m
      labels:
        severity: warning
      annotations:
        summary: "Consumer group {{ "{{ $labels.consumergroup }}" }} is {{ "{{ $value }}" }} records behind on {{ "{{ $labels.topic }}" }}"
        description: "Check the group's batches (tributary_kafka_batch_duration_seconds) and scale out up to the topic's partition count."
    {{- end }}
- name: tributary.email
  rules:
    - alert: TributaryImapMailboxStale
      expr: time() - tributary_email_imap_last_success_timestamp_seconds{ {{- $sel }}} > {{ $p.imapStaleSeconds }}
      for: 5m
      labels:
        severity: warning
      annotations:
        summary: "Mailbox {{ "{{ $labels.mailbox }}" }} has not been swept for over {{ $p.imapStaleSeconds }} s"
        description: "Its lease holder cannot complete a sweep: IMAP login, network or Kafka. See tributary_email_imap_reconnects_total and the email-ingest log."
    - alert: TributaryImapBacklog
      expr: max by (namespace, mailbox) (tributary_email_imap_pending_messages{ {{- $sel }}}) > 0
      for: 15m
      labels:
        severity: warning
      annotations:
        summary: "Mailbox {{ "{{ $labels.mailbox }}" }} has had mail waiting for Kafka for 15 minutes"
        description: "Mail stays unread in the mailbox until Kafka acknowledges it; nothing is lost, but customers wait."
    - alert: TributaryImapReconnecting
      expr: sum by (namespace, mailbox) (increase(tributary_email_imap_reconnects_total{ {{- $sel }}}[15m])) > 5
      labels:
        severity: warning
      annotations:
        summary: "Mailbox {{ "{{ $labels.mailbox }}" }} reconnected more than 5 times in 15 minutes"
        description: "The IMAP server drops or refuses the session; the email-ingest log has the error."
- name: tributary.channels
  rules:
    - alert: TributaryMediaFailed
      expr: sum by (namespace, app, outcome) (increase(tributary_media_retry_outcomes_total{ {{- $sel }}, outcome=~"failed|unqueued"}[1h])) > 0
      labels:
        severity: info
      annotations:
        summary: "{{ "{{ $labels.app }}" }} gave up on provider media ({{ "{{ $labels.outcome }}" }})"
        description: "The attachments are shown failed on their tickets, with the reason."
    - alert: TributaryMediaRetryBacklog
      expr: max by (namespace, app) (tributary_media_retry_pending{ {{- $sel }}}) > 100
      for: 30m
      labels:
        severity: warning
      annotations:
        summary: "{{ "{{ $value }}" }} media downloads wait for another attempt"
        description: "The provider's media host or the blob store is failing; see tributary_media_retry_outcomes_total by outcome."
    - alert: TributaryVoicemailsDropped
      expr: sum by (namespace) (increase(tributary_voice_voicemail_fallbacks_total{ {{- $sel }}, outcome="dropped"}[1h])) > 0
      labels:
        severity: critical
      annotations:
        summary: "Voicemails were dropped after their transcription never came"
        description: "voice-ingest could not hand them off; its log names each call."
- name: tributary.router
  rules:
    - alert: TributaryRouterIsolatingMessages
      expr: sum by (namespace) (rate(tributary_router_inbound_batches_total{ {{- $sel }}, path="isolated"}[15m])) > 0
      for: 15m
      labels:
        severity: warning
      annotations:
        summary: "The router stores inbound batches one message at a time because PostgreSQL refuses rows"
        description: "The refused messages are dead-lettered with the reason; throughput drops while this lasts."
    - alert: TributaryDeliveryReportsRejected
      expr: sum by (namespace) (increase(tributary_router_delivery_reports_total{ {{- $sel }}, outcome="rejected"}[15m])) > 0
      labels:
        severity: warning
      annotations:
        summary: "Delivery reports about replies the router never queued"
        description: "They are in the dead-letter topic. Two deployments sharing one Kafka with one consumer group is the usual cause."
{{- end -}}
