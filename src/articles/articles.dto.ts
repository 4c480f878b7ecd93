import { IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../http/pagination';
import {
  composeDecorators,
  IsLanguageTag,
  IsNotBlank,
  IsOptionalButNotNull,
  IsTimestamp,
} from '../http/validators';

const maxBodyLength = 400_000;

const ArticleUrl = composeDecorators(
  IsString(),
  MaxLength(2048),
  IsUrl({ protocols: ['http', 'https'], require_protocol: true }),
);
const Slug = composeDecorators(
  IsString(),
  MaxLength(120),
  Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'slug must be lowercase letters and digits joined by hyphens' }),
);
const Title = composeDecorators(IsString(), MaxLength(500), IsNotBlank());
const Publisher = composeDecorators(IsString(), MaxLength(200), IsNotBlank());
const Body = composeDecorators(IsString(), MaxLength(maxBodyLength), IsNotBlank());

export class CreateArticleDto {
  /** Canonical URL; leave out when unknown (the slug then identifies the article). */
  @IsOptional() @ArticleUrl url?: string | null;
  @IsOptional() @Slug slug?: string;
  @Title title: string;
  @IsOptional() @Publisher publisher?: string | null;
  @IsLanguageTag() language: string;
  @IsOptional() @IsTimestamp() publishedAt?: string | null;
  @Body body: string;
}

/** Metadata changes; the body may change only while no claim is anchored to it. */
export class UpdateArticleDto {
  @IsOptional() @ArticleUrl url?: string | null;
  @IsOptionalButNotNull() @Slug slug?: string;
  @IsOptionalButNotNull() @Title title?: string;
  @IsOptional() @Publisher publisher?: string | null;
  @IsOptionalButNotNull() @IsLanguageTag() language?: string;
  @IsOptional() @IsTimestamp() publishedAt?: string | null;
  @IsOptionalButNotNull() @Body body?: string;
}

export class ListArticlesQuery extends PageQuery {
  /** Case-insensitive part of the title or the publisher. */
  @IsOptional() @IsString() @MaxLength(200) @IsNotBlank() q?: string;
}

/** PUT /articles/:id/body: the article's new text, bounded like the body of a new article. */
export class ReviseArticleBodyDto {
  @Body body: string;
}
