/** Every check template, by key (one file each in this folder). */
import type { Template } from '../types.js';
import accessModes from './access-modes.js';
import containerPort from './container-port.js';
import corresponds from './corresponds.js';
import dataVolume from './data-volume.js';
import distinctHosts from './distinct-hosts.js';
import distinctNames from './distinct-names.js';
import envConsistent from './env-consistent.js';
import envFieldRef from './env-field-ref.js';
import fieldEquals from './field-equals.js';
import fileSays from './file-says.js';
import imageEquals from './image-equals.js';
import imagePushed from './image-pushed.js';
import imageTag from './image-tag.js';
import imageVersion from './image-version.js';
import ingressHost from './ingress-host.js';
import ingressPort from './ingress-port.js';
import ingressService from './ingress-service.js';
import labels from './labels.js';
import nameContains from './name-contains.js';
import ownFile from './own-file.js';
import pvcMount from './pvc-mount.js';
import redisHost from './redis-host.js';
import replicas from './replicas.js';
import runsProgram from './runs-program.js';
import schema from './schema.js';
import selectorMatches from './selector-matches.js';
import selectsPods from './selects-pods.js';
import serviceExclusive from './service-exclusive.js';
import servicePort from './service-port.js';
import servicePorts from './service-ports.js';
import serviceType from './service-type.js';
import storageClass from './storage-class.js';
import storageRequest from './storage-request.js';
import unexposed from './unexposed.js';
import yamlParse from './yaml-parse.js';

export const TEMPLATES: ReadonlyMap<string, Template> = new Map([
  [accessModes.key, accessModes],
  [containerPort.key, containerPort],
  [corresponds.key, corresponds],
  [dataVolume.key, dataVolume],
  [distinctHosts.key, distinctHosts],
  [distinctNames.key, distinctNames],
  [envConsistent.key, envConsistent],
  [envFieldRef.key, envFieldRef],
  [fieldEquals.key, fieldEquals],
  [fileSays.key, fileSays],
  [imageEquals.key, imageEquals],
  [imagePushed.key, imagePushed],
  [imageTag.key, imageTag],
  [imageVersion.key, imageVersion],
  [ingressHost.key, ingressHost],
  [ingressPort.key, ingressPort],
  [ingressService.key, ingressService],
  [labels.key, labels],
  [nameContains.key, nameContains],
  [ownFile.key, ownFile],
  [pvcMount.key, pvcMount],
  [redisHost.key, redisHost],
  [replicas.key, replicas],
  [runsProgram.key, runsProgram],
  [schema.key, schema],
  [selectorMatches.key, selectorMatches],
  [selectsPods.key, selectsPods],
  [serviceExclusive.key, serviceExclusive],
  [servicePort.key, servicePort],
  [servicePorts.key, servicePorts],
  [serviceType.key, serviceType],
  [storageClass.key, storageClass],
  [storageRequest.key, storageRequest],
  [unexposed.key, unexposed],
  [yamlParse.key, yamlParse],
]);
