import { Field, ObjectType } from 'type-graphql';
import { Provenance } from './provenance.type';

@ObjectType()
export class ProfileName {
  @Field(() => String, { nullable: true }) first!: string | null;
  @Field(() => String, { nullable: true }) last!: string | null;
  @Field() full!: string;
  @Field(() => [Provenance]) provenance!: Provenance[];
}

@ObjectType({ description: 'A normalised value (email, E.164 phone, ISO date) and every record that holds it.' })
export class ProfileValue {
  @Field() value!: string;
  @Field(() => [Provenance]) provenance!: Provenance[];
}

@ObjectType()
export class ProfileAddress {
  @Field(() => String, { nullable: true }) line1!: string | null;
  @Field(() => String, { nullable: true }) line2!: string | null;
  @Field(() => String, { nullable: true }) city!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { nullable: true }) postcode!: string | null;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => [Provenance]) provenance!: Provenance[];
}

@ObjectType({ description: 'The golden record: the best value of each attribute across sources, with provenance.' })
export class Profile {
  @Field(() => ProfileName, { nullable: true }) name!: ProfileName | null;
  @Field(() => [ProfileValue]) emails!: ProfileValue[];
  @Field(() => [ProfileValue]) phones!: ProfileValue[];
  @Field(() => [ProfileAddress]) addresses!: ProfileAddress[];
  @Field(() => ProfileValue, { nullable: true }) birthDate!: ProfileValue | null;
}
