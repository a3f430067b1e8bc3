import { fileNamed } from '../templates/metadata.js';

export default fileNamed({
  id: 'files.flask-service',
  role: 'flask-service',
  title: 'The Flask Service is in {{username}}-{{env}}-flask-service.yml',
  description: 'One object per file, named <username>-<env>-<app>-<kind>.yml: the Flask Service belongs in {{username}}-{{env}}-flask-service.yml. The object is found by what it is, so a misnamed file still has its content graded; only this point is lost.',
  hint: 'rename the file to {{username}}-{{env}}-flask-service.yml',
});
