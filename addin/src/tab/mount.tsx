import { mountPage } from '../shared/AppRoot';
import { TabApp, type TabDeps } from './TabApp';

export function mountTab(deps: TabDeps) {
  mountPage(<TabApp {...deps} />);
}
