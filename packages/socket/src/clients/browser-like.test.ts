import { clients } from '../_test/clients.js';
import { runClientSuite } from '../_test/suite.js';

runClientSuite(clients.browserLike);
