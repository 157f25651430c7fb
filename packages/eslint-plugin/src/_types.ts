import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';

/** The type checker and node map when the file was parsed by typescript-eslint with type information. */
export interface TypeInformation {
  checker: ts.TypeChecker;
  services: ParserServicesWithTypeInformation;
}

/**
 * The type information of the file being linted, or `null` without typescript-eslint's typed parsing
 * (plain JavaScript, espree, or `@typescript-eslint/parser` without `projectService`/`project`).
 */
export function typeInformationOf(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): TypeInformation | null {
  const services = context.sourceCode.parserServices;
  if (
    services === undefined ||
    services === null ||
    services.program === undefined ||
    services.program === null
  ) {
    return null;
  }
  if (services.esTreeNodeToTSNodeMap === undefined) return null;
  return {
    checker: services.program.getTypeChecker(),
    services: services as ParserServicesWithTypeInformation,
  };
}

/** The files that declare the symbol of a node's type, with `/` separators. Empty when there is none. */
export function declarationFilesOfType(information: TypeInformation, node: TSESTree.Node): string[] {
  const type = information.services.getTypeAtLocation(node);
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const declarations = symbol?.getDeclarations() ?? [];
  return declarations.map((declaration) => declaration.getSourceFile().fileName.replaceAll('\\', '/'));
}

/** Whether a node's type has a property (on the apparent type, so unions and interfaces work). */
export function typeHasProperty(information: TypeInformation, node: TSESTree.Node, name: string): boolean {
  const type = information.services.getTypeAtLocation(node);
  return information.checker.getApparentType(type).getProperty(name) !== undefined;
}
