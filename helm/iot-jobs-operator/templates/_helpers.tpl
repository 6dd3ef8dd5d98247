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
