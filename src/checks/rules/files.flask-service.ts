import ownFile from '../../engine/templates/own-file.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'files.flask-service',
  role: 'flask-service',
  template: ownFile,
  with: { stem: '{{username}}-{{env}}-flask-service', extensions: '{{fileExtensions}}', label: 'Flask Service', kind: 'Service', app: 'flask' },
  needsUsername: true,
  title: 'The Flask Service is in {{username}}-{{env}}-flask-service.yml',
  description: 'One object per file, named <username>-<env>-<app>-<kind>.yml: the Flask Service belongs in {{username}}-{{env}}-flask-service.yml. The object is found by what it is, so a misnamed file still has its content graded; only this point is lost.',
  hint: 'rename the file to {{username}}-{{env}}-flask-service.yml',
});
