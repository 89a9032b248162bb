import { Field, ID, ObjectType } from 'type-graphql';
import { PageInfo } from './page-info.type';

@ObjectType({ description: 'One real person across every connected system.' })
export class Customer {
  @Field(() => ID, { description: 'Stable id; survives re-imports and re-resolution.' }) id!: string;
  @Field(() => ID, { nullable: true, description: 'Set when the id asked for was merged into this customer.' })
  mergedFrom!: string | null;
  @Field({ description: 'The name shown in lists.' }) displayName!: string;
  @Field() createdAt!: Date;
  @Field() updatedAt!: Date;
}

@ObjectType()
export class CustomerEdge {
  @Field() cursor!: string;
  @Field(() => Customer) node!: Customer;
}

@ObjectType()
export class CustomerConnection {
  @Field(() => [CustomerEdge]) edges!: CustomerEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
