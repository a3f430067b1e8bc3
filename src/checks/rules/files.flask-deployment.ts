import ownFile from '../../engine/templates/own-file.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'files.flask-deployment',
  role: 'flask-deployment',
  template: ownFile,
  with: { stem: '{{username}}-{{env}}-flask-deployment', extensions: '{{fileExtensions}}', label: 'Flask Deployment', kind: 'Deployment', app: 'flask' },
  needsUsername: true,
  title: 'The Flask Deployment is in {{username}}-{{env}}-flask-deployment.yml',
  description: 'One object per file, named <username>-<env>-<app>-<kind>.yml: the Flask Deployment belongs in {{username}}-{{env}}-flask-deployment.yml. The object is found by what it is, so a misnamed file still has its content graded; only this point is lost.',
  hint: 'rename the file to {{username}}-{{env}}-flask-deployment.yml',
});
