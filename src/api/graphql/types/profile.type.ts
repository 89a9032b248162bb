import { Field, ObjectType } from 'type-graphql';
import { Provenance } from './provenance.type';

const BEATEN =
  'The other values the records hold, best first, each with the records that hold it; their provenance rule is the rule they lost by. Empty on a beaten value.';

@ObjectType({ description: 'The golden name (survivorship rules: docs/graphql.md) and every record that holds it.' })
export class ProfileName {
  @Field(() => String, { nullable: true }) first!: string | null;
  @Field(() => String, { nullable: true }) last!: string | null;
  @Field(() => String, { nullable: true, description: 'Null when the privacy policy redacts it.' }) full!: string | null;
  @Field(() => [Provenance]) provenance!: Provenance[];
  @Field(() => [ProfileName], { description: BEATEN }) beaten!: ProfileName[];
}

// One type per kind of value, so the privacy policy can classify and mask each its own way.
@ObjectType({ description: 'A normalised email address and every record that holds it.' })
export class ProfileEmail {
  @Field(() => String, { nullable: true, description: 'Null when the privacy policy redacts it.' }) value!: string | null;
  @Field(() => [Provenance]) provenance!: Provenance[];
}

@ObjectType({ description: 'A phone number in E.164 and every record that holds it.' })
export class ProfilePhone {
  @Field(() => String, { nullable: true, description: 'Null when the privacy policy redacts it.' }) value!: string | null;
  @Field(() => [Provenance]) provenance!: Provenance[];
}

@ObjectType({ description: 'An ISO date (YYYY-MM-DD) and every record that holds it.' })
export class ProfileDate {
  @Field(() => String, { nullable: true, description: 'Null when the privacy policy redacts it.' }) value!: string | null;
  @Field(() => [Provenance]) provenance!: Provenance[];
  @Field(() => [ProfileDate], { description: BEATEN }) beaten!: ProfileDate[];
}

export type ProfileValue = ProfileEmail | ProfilePhone;

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
  @Field(() => [ProfileEmail], { description: 'Every distinct email in survivorship order; the first is the primary.' }) emails!: ProfileEmail[];
  @Field(() => [ProfilePhone], { description: 'Every distinct phone in survivorship order; the first is the primary.' }) phones!: ProfilePhone[];
  @Field(() => [ProfileAddress], { description: 'Every distinct address in survivorship order; the first is the primary.' }) addresses!: ProfileAddress[];
  @Field(() => ProfileDate, { nullable: true }) birthDate!: ProfileDate | null;
}
