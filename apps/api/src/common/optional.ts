// @Optional(): the property may be absent, but when present it is validated — null included.
// class-validator's @IsOptional() lets null through, which would reach NOT NULL columns.

import { ValidateIf } from 'class-validator';

export const Optional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
