import { mountPage } from '../shared/AppRoot';
import { AdminApp, type AdminDeps } from './AdminApp';

export function mountAdmin(deps: AdminDeps) {
  mountPage(<AdminApp {...deps} />);
}
