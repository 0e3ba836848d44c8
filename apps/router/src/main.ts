import { runApp } from '@tributary/platform-app';
import { routerApp } from './router.app';

void runApp(routerApp);
