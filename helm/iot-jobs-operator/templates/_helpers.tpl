{{- define "iotjobs.fullname" -}}
{{- printf "%s" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "iotjobs.labels" -}}
app.kubernetes.io/part-of: iot-jobs-operator
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "iotjobs.image" -}}
{{- printf "%s:%s" .image.repository (default .appVersion .image.tag) -}}
{{- end -}}

{{- define "iotjobs.mqttUrl" -}}
{{- if .Values.mqtt.url -}}
{{- .Values.mqtt.url -}}
{{- else if .Values.mosquitto.enabled -}}
{{- printf "tcp://%s-mosquitto.%s.svc:1883" (include "iotjobs.fullname" .) .Release.Namespace -}}
{{- else -}}
{{- fail "set mqtt.url to your broker, or mosquitto.enabled=true for a trial broker" -}}
{{- end -}}
{{- end -}}

{{- define "iotjobs.mqttSecret" -}}
{{- if .Values.mqtt.existingSecret -}}{{ .Values.mqtt.existingSecret }}{{- else -}}{{ include "iotjobs.fullname" . }}-mqtt{{- end -}}
{{- end -}}

{{/* A Role per watched namespace, or one ClusterRole for all: kind, name, namespace list. */}}
{{- define "iotjobs.watchAll" -}}
{{- if empty .Values.watchNamespaces -}}true{{- end -}}
{{- end -}}

{{/* Pod metadata for a component: its labels and podLabels, podAnnotations and a checksum that rolls the pods
     when the configuration they start with changes. Call with (dict "root" $ "component" "operator" "values" .Values.operator "config" ...). */}}
{{- define "iotjobs.podMetadata" -}}
labels:
  app.kubernetes.io/instance: {{ .root.Release.Name }}
  app.kubernetes.io/component: {{ .component }}
  {{- with .values.podLabels }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
annotations:
  checksum/config: {{ .config | toJson | sha256sum }}
  {{- with .values.podAnnotations }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}

{{/* Where a component's pods may run, from its values. */}}
{{- define "iotjobs.podScheduling" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.topologySpreadConstraints }}
topologySpreadConstraints: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
