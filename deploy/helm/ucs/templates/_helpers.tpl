{{- define "ucs.name" -}}ucs-{{ .Values.tenant.tenant.id }}{{- end -}}
{{- define "ucs.labels" -}}
app: ucs
tenant: {{ .Values.tenant.tenant.id | quote }}
{{- end -}}
{{- define "ucs.secretName" -}}{{ .Values.existingSecret | default (printf "%s-secrets" (include "ucs.name" .)) }}{{- end -}}
