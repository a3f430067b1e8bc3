import selectorMatches from '../../engine/templates/selector-matches.js';
import { templateCheck } from '../templates/engine.js';

export default templateCheck({
  id: 'flask-deployment.selector',
  role: 'flask-deployment',
  template: selectorMatches,
  title: 'The Flask Deployment\'s selector matches its pods',
  description: 'spec.selector.matchLabels must be non-empty and each of its pairs must be among spec.template.metadata.labels; otherwise the API server rejects the Deployment, or it manages no pods.',
  hint: 'make spec.selector.matchLabels a subset of spec.template.metadata.labels',
});
