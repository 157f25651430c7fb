// The consumer's ESM entry: the packages loaded through their "import" condition.
import * as connectionContext from '@ws-compat/connection-context';
import * as headerOptions from '@ws-compat/header-options';
import * as queryParams from '@ws-compat/query-params';
import * as socket from '@ws-compat/socket';
import behaviour from './behaviour-checks.cjs';

const passed = behaviour.runBehaviourChecks({ headerOptions, queryParams, connectionContext, socket });
process.exitCode = passed ? 0 : 1;
