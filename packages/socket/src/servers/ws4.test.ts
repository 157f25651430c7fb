import { runServerSuite } from '../_test/server-suite.js';
import { servers } from '../_test/servers.js';

runServerSuite(servers.ws4);
