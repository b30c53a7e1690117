/** The script-tag entry (`dist/leadflow.js`): installs `window.LeadFlow` and mounts the page's widgets. */
import { install } from './install.ts';

install(window);
