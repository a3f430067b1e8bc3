/**
 * Every built-in check, by id. A check's module is src/checks/rules/<id>.ts;
 * the rubric (rubrics/*.yml) decides which run and how many points each is worth.
 */
import type { StaticCheck } from './types.js';
import c_files_redis_pvc from './rules/files.redis-pvc.js';
import c_redis_pvc_name from './rules/redis-pvc.name.js';
import c_redis_pvc_labels from './rules/redis-pvc.labels.js';
import c_files_redis_deployment from './rules/files.redis-deployment.js';
import c_redis_deployment_name from './rules/redis-deployment.name.js';
import c_redis_deployment_labels from './rules/redis-deployment.labels.js';
import c_files_redis_service from './rules/files.redis-service.js';
import c_redis_service_name from './rules/redis-service.name.js';
import c_redis_service_labels from './rules/redis-service.labels.js';
import c_files_flask_deployment from './rules/files.flask-deployment.js';
import c_flask_deployment_name from './rules/flask-deployment.name.js';
import c_flask_deployment_labels from './rules/flask-deployment.labels.js';
import c_files_flask_service from './rules/files.flask-service.js';
import c_flask_service_name from './rules/flask-service.name.js';
import c_flask_service_labels from './rules/flask-service.labels.js';
import c_redis_pvc_access_modes from './rules/redis-pvc.access-modes.js';
import c_redis_pvc_storage_class from './rules/redis-pvc.storage-class.js';
import c_redis_pvc_storage_request from './rules/redis-pvc.storage-request.js';
import c_redis_deployment_pod_labels from './rules/redis-deployment.pod-labels.js';
import c_redis_deployment_selector from './rules/redis-deployment.selector.js';
import c_flask_deployment_pod_labels from './rules/flask-deployment.pod-labels.js';
import c_flask_deployment_selector from './rules/flask-deployment.selector.js';
import c_redis_deployment_app_label from './rules/redis-deployment.app-label.js';
import c_redis_deployment_replicas from './rules/redis-deployment.replicas.js';
import c_redis_deployment_image from './rules/redis-deployment.image.js';
import c_redis_deployment_data_volume from './rules/redis-deployment.data-volume.js';
import c_flask_deployment_replicas from './rules/flask-deployment.replicas.js';
import c_flask_deployment_port from './rules/flask-deployment.port.js';
import c_redis_service_type from './rules/redis-service.type.js';
import c_redis_service_selects_redis from './rules/redis-service.selects-redis.js';
import c_redis_service_selects_only_redis from './rules/redis-service.selects-only-redis.js';
import c_redis_service_ports from './rules/redis-service.ports.js';
import c_flask_service_type from './rules/flask-service.type.js';
import c_flask_service_selects_flask from './rules/flask-service.selects-flask.js';
import c_flask_service_selects_only_flask from './rules/flask-service.selects-only-flask.js';
import c_flask_service_ports from './rules/flask-service.ports.js';

export const STATIC_CHECKS: readonly StaticCheck[] = [
  c_files_redis_pvc,
  c_redis_pvc_name,
  c_redis_pvc_labels,
  c_files_redis_deployment,
  c_redis_deployment_name,
  c_redis_deployment_labels,
  c_files_redis_service,
  c_redis_service_name,
  c_redis_service_labels,
  c_files_flask_deployment,
  c_flask_deployment_name,
  c_flask_deployment_labels,
  c_files_flask_service,
  c_flask_service_name,
  c_flask_service_labels,
  c_redis_pvc_access_modes,
  c_redis_pvc_storage_class,
  c_redis_pvc_storage_request,
  c_redis_deployment_pod_labels,
  c_redis_deployment_selector,
  c_flask_deployment_pod_labels,
  c_flask_deployment_selector,
  c_redis_deployment_app_label,
  c_redis_deployment_replicas,
  c_redis_deployment_image,
  c_redis_deployment_data_volume,
  c_flask_deployment_replicas,
  c_flask_deployment_port,
  c_redis_service_type,
  c_redis_service_selects_redis,
  c_redis_service_selects_only_redis,
  c_redis_service_ports,
  c_flask_service_type,
  c_flask_service_selects_flask,
  c_flask_service_selects_only_flask,
  c_flask_service_ports,
];

export const CHECKS_BY_ID: ReadonlyMap<string, StaticCheck> = new Map(STATIC_CHECKS.map((c) => [c.id, c]));
